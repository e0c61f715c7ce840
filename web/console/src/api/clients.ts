// One Connect client per usulan.v1 service over one same-origin transport. The
// transport sends the HttpOnly session cookie (the page never sees it) and sends a
// signed-out caller to the sign-in page with the way back.
import { Code, ConnectError, createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { AuditService } from "../gen/usulan/v1/audit_service_pb";
import { CitizenService } from "../gen/usulan/v1/citizen_service_pb";
import { DecisionService } from "../gen/usulan/v1/decision_service_pb";
import { DeliberationService } from "../gen/usulan/v1/deliberation_service_pb";
import { ProposalService } from "../gen/usulan/v1/proposal_service_pb";
import { RegisterService } from "../gen/usulan/v1/register_service_pb";
import { ReviewService } from "../gen/usulan/v1/review_service_pb";
import { VerificationService } from "../gen/usulan/v1/verification_service_pb";
import { goToLogin } from "./session";

export interface Clients {
  proposals: Client<typeof ProposalService>;
  deliberations: Client<typeof DeliberationService>;
  verification: Client<typeof VerificationService>;
  review: Client<typeof ReviewService>;
  decision: Client<typeof DecisionService>;
  audit: Client<typeof AuditService>;
  citizens: Client<typeof CitizenService>;
  register: Client<typeof RegisterService>;
}

export function makeClients(transport: Transport): Clients {
  return {
    proposals: createClient(ProposalService, transport),
    deliberations: createClient(DeliberationService, transport),
    verification: createClient(VerificationService, transport),
    review: createClient(ReviewService, transport),
    decision: createClient(DecisionService, transport),
    audit: createClient(AuditService, transport),
    citizens: createClient(CitizenService, transport),
    register: createClient(RegisterService, transport),
  };
}

const signInOnUnauthenticated: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (e) {
    if (e instanceof ConnectError && e.code === Code.Unauthenticated) goToLogin();
    throw e;
  }
};

export function browserTransport(): Transport {
  return createConnectTransport({
    baseUrl: window.location.origin,
    interceptors: [signInOnUnauthenticated],
    fetch: (input, init) => globalThis.fetch(input, { ...init, credentials: "same-origin" }),
  });
}
