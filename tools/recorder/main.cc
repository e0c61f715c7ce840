// usulan-recorder: the recording load client of the fault tests
// (docs/reliability.md). It drives concurrent writes through the real server and
// journals every request and answer; `check` then proves, against the server
// and its audit trail, that no acknowledged transition was lost and none was
// applied twice.
//
//   usulan-recorder registry FILE.csv [shape]
//   usulan-recorder run   --server HOST:PORT --key-file ISSUER.jwk --journal FILE [shape]
//                         [--clients N] [--duration S] [--pause-ms MS] [--row-pause-ms MS]
//                         [--retry-for S] [--untouched-when TEXT]
//   usulan-recorder check --server HOST:PORT --key-file ISSUER.jwk --journal FILE
//                         [--clients N] [--retry-for S] [--since-ms WALL_MS]
// shape: [--first-province CODE (71)] [--desa D (2)] [--households H (30)]: four
// pools of provinces CODE..CODE+3 (load.h); the server must know their people
// (`registry` writes the CSV for usulan-registry-sim or `usulan-server
// load-registry`), and each run needs provinces no earlier run used.
// The tokens of every role are minted from the development issuer's private JWK
// (`usulanctl token keygen`), which the server's JWKS must trust.
// TLS (docs/tls.md): --tls-ca-file PEM (USULAN_TLS_CA_FILE), and --tls-cert-file
// and --tls-key-file (USULAN_TLS_CERT_FILE, USULAN_TLS_KEY_FILE) for a server that
// requires client certificates; without a CA, plaintext to a loopback server only.
//
// Exit status: run 0 after the load (unanswered requests are for `check`), 1 when
// the seeding failed or an answer was a refusal or half-written; check 0 when
// every property holds, 1 when one fails; 2 on bad flags.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "base/key_file.h"
#include "tools/bench/dataset.h"
#include "tools/recorder/check.h"
#include "tools/recorder/load.h"

namespace {

using namespace usulan;
using namespace usulan::recorder;

int Usage(const std::string& problem) {
  std::cerr << "usulan-recorder: " << problem << "\n"
            << "usage: usulan-recorder registry FILE.csv [shape]\n"
               "       usulan-recorder run --server HOST:PORT --key-file F --journal FILE "
               "[shape]\n"
               "         [--clients N] [--duration S] [--pause-ms MS] [--row-pause-ms MS]\n"
               "         [--retry-for S] [--untouched-when TEXT]\n"
               "       usulan-recorder check --server HOST:PORT --key-file F --journal FILE\n"
               "         [--clients N] [--retry-for S] [--since-ms WALL_MS]\n"
               "       shape: [--first-province CODE] [--desa D] [--households H]\n"
               "       TLS: [--tls-ca-file PEM] [--tls-cert-file PEM --tls-key-file PEM]\n";
  return 2;
}

// "--name value" pairs; each value is taken once, and what is left is unknown.
class Flags {
 public:
  bool Parse(int argc, char** argv, int first) {
    for (int i = first; i < argc; i += 2) {
      if (std::string(argv[i]).rfind("--", 0) != 0 || i + 1 >= argc) return false;
      values_[argv[i]] = argv[i + 1];
    }
    return true;
  }
  std::string Take(const std::string& name, const char* env = nullptr) {
    auto found = values_.find(name);
    if (found != values_.end()) {
      std::string value = found->second;
      values_.erase(found);
      return value;
    }
    const char* from_env = env == nullptr ? nullptr : std::getenv(env);
    return from_env == nullptr ? std::string() : from_env;
  }
  // false when present and not a number.
  template <typename Number>
  bool Take(const std::string& name, Number& out) {
    const std::string text = Take(name);
    if (text.empty()) return true;
    try {
      size_t used = 0;
      const double value = std::stod(text, &used);
      out = static_cast<Number>(value);
      return used == text.size() && static_cast<double>(out) == value;
    } catch (...) {
      return false;
    }
  }
  std::string Unknown() const { return values_.empty() ? "" : values_.begin()->first; }

 private:
  std::map<std::string, std::string> values_;
};

bool TakeShape(Flags& flags, Shape& shape) {
  return flags.Take("--first-province", shape.first_province) && flags.Take("--desa", shape.desa) &&
         flags.Take("--households", shape.households);
}

std::string CheckShape(const Shape& shape) {
  if (shape.first_province < 11 || shape.first_province + 3 > 99) {
    return "--first-province must be 11..96 (four pools)";
  }
  if (shape.desa < 1 || shape.desa > 100) return "--desa must be 1..100";
  if (shape.households < 1 || shape.households > 1000) return "--households must be 1..1000";
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  // As in usulan-server: no lock-order graph on every absl::Mutex acquisition.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (argc < 2) return Usage("a command is required");
  const std::string command = argv[1];
  Flags flags;
  Shape shape;
  if (command == "registry") {
    if (argc < 3 || !flags.Parse(argc, argv, 3)) return Usage("registry FILE.csv [shape]");
    if (!TakeShape(flags, shape)) return Usage("a shape flag is not a whole number");
    if (!flags.Unknown().empty()) return Usage("unknown flag " + flags.Unknown());
    if (std::string problem = CheckShape(shape); !problem.empty()) return Usage(problem);
    std::ofstream out(argv[2]);
    bench::Dataset({shape.first_province, 4, 1, shape.desa, shape.households})
        .WriteRegistryCsv(out);
    out.close();
    if (!out) return Usage(std::string("cannot write ") + argv[2]);
    return 0;
  }
  if (command != "run" && command != "check") return Usage("unknown command " + command);
  if (!flags.Parse(argc, argv, 2)) return Usage("flags come in pairs: --name value");

  const bench::Server server{flags.Take("--server"),
                             {flags.Take("--tls-ca-file", "USULAN_TLS_CA_FILE"),
                              flags.Take("--tls-cert-file", "USULAN_TLS_CERT_FILE"),
                              flags.Take("--tls-key-file", "USULAN_TLS_KEY_FILE")}};
  const std::string key_file = flags.Take("--key-file");
  const std::string journal_path = flags.Take("--journal");
  LoadOptions load;
  CheckOptions check;
  double retry_for = command == "run" ? load.retry_for_s : check.retry_for_s;
  bool numbers = flags.Take("--clients", load.clients) && flags.Take("--retry-for", retry_for);
  load.retry_for_s = check.retry_for_s = retry_for;
  check.clients = load.clients;
  if (command == "run") {
    load.untouched_when = flags.Take("--untouched-when");
    numbers = numbers && TakeShape(flags, shape) && flags.Take("--duration", load.duration_s) &&
              flags.Take("--pause-ms", load.pause_ms) &&
              flags.Take("--row-pause-ms", load.row_pause_ms);
  } else {
    numbers = numbers && flags.Take("--since-ms", check.since_ms);
  }
  if (!numbers) return Usage("a numeric flag is not a number");
  if (!flags.Unknown().empty()) return Usage("unknown flag " + flags.Unknown());
  if (server.address.empty() || key_file.empty() || journal_path.empty()) {
    return Usage("--server, --key-file and --journal are required");
  }
  if (load.clients < 1 || load.clients > 256) return Usage("--clients must be 1..256");
  if (load.duration_s <= 0 || load.retry_for_s < 0 || load.pause_ms < 0 || load.row_pause_ms < 0) {
    return Usage("--duration must be > 0; --retry-for, --pause-ms, --row-pause-ms >= 0");
  }
  if (std::string problem = CheckShape(shape); !problem.empty()) return Usage(problem);
  if (absl::Status reachable = bench::CheckServer(server); !reachable.ok()) {
    return Usage(std::string(reachable.message()));
  }
  auto key = base::ReadSecretKeyFile("--key-file", key_file);
  if (!key.ok()) return Usage(std::string(key.status().message()));
  const bench::Tokens tokens(*key);
  if (tokens.For(workflow::Role::kAuditor, "").empty()) {
    return Usage("--key-file must be the issuer's private JWK (usulanctl token keygen)");
  }

  if (command == "check") {
    auto journal = ReadJournal(journal_path);
    if (!journal.ok()) return Usage(std::string(journal.status().message()));
    const CheckFigures figures = Check(server, tokens, *journal, check);
    Print(std::cout, figures);
    return figures.Passed() ? 0 : 1;
  }

  Journal journal(journal_path);
  if (!journal.ok()) return Usage("cannot write the journal " + journal_path);
  std::vector<Request> plan;
  std::cerr << "recorder: seeding four pools of " << shape.desa << " desa x " << shape.households
            << " households\n";
  if (absl::Status seeded = Seed(server, tokens, shape, load, plan); !seeded.ok()) {
    std::cerr << "recorder: seeding failed: " << seeded << "\n";
    return 1;
  }
  journal.Write(shape);
  const LoadFigures f = RunLoad(server, tokens, shape, plan, load, journal);
  std::cout << "run: requests=" << f.requests << " acknowledged=" << f.acknowledged
            << " retried=" << f.retried << " failed_attempts=" << f.failed_attempts
            << " unanswered=" << f.unanswered << " refused=" << f.refused
            << " half_written=" << f.half_written << " untouched_checked=" << f.untouched_checked
            << " recovery_ms=" << f.recovery_ms << std::endl;
  return f.refused == 0 && f.half_written == 0 ? 0 : 1;
}
