// The route table. Every screen is its own lazily loaded chunk, so the first load
// carries only the shell (React, Mantine, the Connect client) and the screen asked for.
import { Center, Loader } from "@mantine/core";
import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes as RouterRoutes } from "react-router-dom";
import { Layout } from "../components/Layout";
import { useApp } from "./context";

const Home = lazy(() => import("../screens/home/HomeScreen"));
const Proposal = lazy(() => import("../screens/proposal/ProposalScreen"));
const NewProposal = lazy(() => import("../screens/household/NewProposalScreen"));
const EditDraft = lazy(() => import("../screens/household/EditDraftScreen"));
const Import = lazy(() => import("../screens/import/ImportScreen"));
const Deliberations = lazy(() => import("../screens/deliberations/DeliberationsScreen"));
const Deliberation = lazy(() => import("../screens/deliberations/DeliberationScreen"));
const Review = lazy(() => import("../screens/review/ReviewScreen"));
const Batches = lazy(() => import("../screens/batches/BatchesScreen"));
const Batch = lazy(() => import("../screens/batches/BatchScreen"));
const Dashboard = lazy(() => import("../screens/dashboard/DashboardScreen"));
const Decisions = lazy(() => import("../screens/decisions/DecisionsScreen"));
const Audit = lazy(() => import("../screens/audit/AuditScreen"));
const Citizen = lazy(() => import("../screens/citizen/CitizenScreen"));
const CitizenProposals = lazy(() => import("../screens/queues/CitizenProposalsScreen"));
const Confirmations = lazy(() => import("../screens/queues/ConfirmationsScreen"));
const Visits = lazy(() => import("../screens/queues/VisitsScreen"));
const SingleDecisions = lazy(() => import("../screens/queues/SingleDecisionsScreen"));
const Register = lazy(() => import("../screens/register/RegisterScreen"));
const Entry = lazy(() => import("../screens/register/EntryScreen"));
const NotFound = lazy(() => import("../screens/notfound/NotFoundScreen"));

export function Routes() {
  const { me } = useApp();
  return (
    <BrowserRouter>
      <Layout>
        <Suspense fallback={<Center p="xl"><Loader /></Center>}>
          {me.role === "citizen" ? (
            // A citizen's console is their page: every other path leads there.
            <RouterRoutes>
              <Route path="/warga" element={<Citizen />} />
              <Route path="*" element={<Navigate to="/warga" replace />} />
            </RouterRoutes>
          ) : (
          <RouterRoutes>
            <Route path="/" element={me.role === "auditor" ? <Audit /> : <Home />} />
            <Route path="/proposals/new" element={<NewProposal />} />
            <Route path="/proposals/:id" element={<Proposal />} />
            <Route path="/proposals/:id/edit" element={<EditDraft />} />
            <Route path="/import" element={<Import />} />
            <Route path="/deliberations" element={<Deliberations />} />
            <Route path="/deliberations/:id" element={<Deliberation />} />
            <Route path="/review" element={<Review />} />
            <Route path="/batches" element={<Batches />} />
            <Route path="/batches/:id" element={<Batch />} />
            <Route path="/dashboard" element={<Dashboard />} />
            <Route path="/decisions" element={<Decisions />} />
            <Route path="/audit" element={<Audit />} />
            <Route path="/usulan-warga" element={<CitizenProposals />} />
            <Route path="/konfirmasi" element={<Confirmations />} />
            <Route path="/usulan-dinsos" element={<NewProposal />} />
            <Route path="/verval" element={<Visits />} />
            <Route path="/keputusan-tunggal" element={<SingleDecisions />} />
            <Route path="/register" element={<Register />} />
            <Route path="/register/:id" element={<Entry />} />
            <Route path="*" element={<NotFound />} />
          </RouterRoutes>
          )}
        </Suspense>
      </Layout>
    </BrowserRouter>
  );
}
