// usulan-registry-sim: a stand-in for the central data sources -- the civil
// registry (Dukcapil) and BPS's welfare ranking -- for development and tests.
// Serves usulan.registry.v1.PopulationRegistryService (NIK check and death list)
// over the people of a CSV file, usulan.bps.v1.WelfareRankingService over the
// rankings of a second one (none without --ranking-csv), grpc.health.v1.Health
// and server reflection: one process to deploy for both sources.
//
//   usulan-registry-sim --listen ADDR --csv FILE [--ranking-csv FILE]
//       [--tls-cert-file PEM --tls-key-file PEM [--tls-client-ca-file PEM]]
//
// With a certificate it serves TLS (files re-read when they change), and with a
// client CA it requires client certificates signed by it, as Dukcapil requires
// of its callers (mTLS; docs/tls.md). Without one it serves plaintext, and only
// on a loopback address.
// Prints "rankings: N households in M rankings" and then "listening on
// HOST:PORT" on stdout once serving (ADDR may name port 0
// to have a free port picked); stops on SIGTERM or SIGINT and exits 0. Exits 1
// when a file cannot be read or the address bound, 2 on bad arguments. Never
// prints a NIK, KK number or name.
#include <signal.h>

#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include "base/tls.h"
#include "tools/registry_sim/sim_ranking.h"
#include "tools/registry_sim/sim_registry.h"

namespace {

using namespace usulan;

constexpr char kUsage[] =
    "usage: usulan-registry-sim --listen ADDR --csv FILE [--ranking-csv FILE]\n"
    "         [--tls-cert-file PEM --tls-key-file PEM [--tls-client-ca-file PEM]]\n";

int Fail(const std::string& what) {
  std::cerr << "usulan-registry-sim: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen, csv, ranking_csv;
  base::ServerTls tls;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i], value;
    if (name == "--help" || name == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (size_t equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    }
    const std::map<std::string, std::string*> targets = {
        {"--listen", &listen},
        {"--csv", &csv},
        {"--ranking-csv", &ranking_csv},
        {"--tls-cert-file", &tls.cert_file},
        {"--tls-key-file", &tls.key_file},
        {"--tls-client-ca-file", &tls.client_ca_file}};
    auto found = targets.find(name);
    std::string* target = found == targets.end() ? nullptr : found->second;
    if (target == nullptr || value.empty()) {
      std::cerr << "usulan-registry-sim: bad argument " << name << "\n" << kUsage;
      return 2;
    }
    *target = value;
  }
  if (listen.empty() || csv.empty()) {
    std::cerr << kUsage;
    return 2;
  }

  auto credentials = base::MakeServerCredentials(listen, tls);
  if (!credentials.ok()) return Fail(std::string(credentials.status().message()));

  std::ifstream in(csv);
  if (!in) return Fail("cannot read " + csv);
  auto civil = registry_sim::LoadRegistryCsv(in);
  if (!civil.ok()) return Fail(csv + ": " + std::string(civil.status().message()));
  const size_t people = civil->entries.size();
  registry_sim::Rankings rankings;
  if (!ranking_csv.empty()) {
    std::ifstream ranking_in(ranking_csv);
    if (!ranking_in) return Fail("cannot read " + ranking_csv);
    auto loaded = registry_sim::LoadRankingCsv(ranking_in);
    if (!loaded.ok()) return Fail(ranking_csv + ": " + std::string(loaded.status().message()));
    rankings = std::move(*loaded);
  }
  std::cout << "rankings: " << registry_sim::HouseholdCount(rankings) << " households in "
            << rankings.size() << " rankings" << std::endl;

  // Signals are taken synchronously by this thread only; gRPC's threads inherit
  // the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  registry_sim::SimRegistryService service(std::move(*civil));
  registry_sim::SimRankingService ranking_service(std::move(rankings));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, credentials->credentials, &port);
  builder.RegisterService(&service);
  builder.RegisterService(&ranking_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) return Fail("cannot listen on " + listen);
  server->GetHealthCheckService()->SetServingStatus(
      registry::v1::PopulationRegistryService::service_full_name(), true);
  server->GetHealthCheckService()->SetServingStatus(
      bps::v1::WelfareRankingService::service_full_name(), true);

  std::string host = listen.substr(0, listen.rfind(':'));
  const char* security = credentials->plaintext       ? "plaintext"
                         : tls.client_ca_file.empty() ? "TLS"
                                                      : "mutual TLS";
  std::cout << "listening on " << host << ":" << port << " (" << people << " people, "
            << security << ")" << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();
  std::cout << "stopped (signal " << received << ")" << std::endl;
  return 0;
}
