// The problems to show in a household form: the console's own checks once the
// person tried to send, and the field a server refusal names.
import { Code, ConnectError } from "@connectrpc/connect";
import { useMemo } from "react";
import { problemsByPath, serverProblem, validateHousehold, type FieldProblem, type HouseholdDraft } from "../../domain/household";

export function useHouseholdProblems(draft: HouseholdDraft | undefined, tried: boolean, error: unknown): Map<string, FieldProblem> {
  return useMemo(() => {
    const list = tried && draft ? validateHousehold(draft) : [];
    const fromServer = error instanceof ConnectError && error.code === Code.InvalidArgument ? serverProblem(error.rawMessage) : undefined;
    return problemsByPath(fromServer ? [fromServer, ...list] : list);
  }, [draft, tried, error]);
}
