// `raycloud auth whoami`: the identity and credential source every command would use.
#include <fmt/format.h>

#include "cli/aws_access.h"
#include "cli/commands.h"

namespace raycloud::cli {
namespace {

Result<CommandOutput> Whoami(const GlobalOptions& options) {
  auto session = ConnectAws(options);
  if (!session) return Fail(session.error());
  auto credentials = session->client->ResolveCredentials();
  if (!credentials) return Fail(credentials.error());
  auto identity = session->client->Call("sts", "GetCallerIdentity");
  if (!identity) return Fail(identity.error());

  CommandOutput output;
  output.json = {{"account", identity->value("Account", "")},
                 {"arn", identity->value("Arn", "")},
                 {"user_id", identity->value("UserId", "")},
                 {"region", session->region},
                 {"credential_source", credentials->source}};
  output.text = fmt::format(
      "account            {}\narn                {}\nuser id            {}\nregion             "
      "{}\ncredential source  {}\n",
      output.json["account"].get<std::string>(), output.json["arn"].get<std::string>(),
      output.json["user_id"].get<std::string>(), session->region, credentials->source);
  return output;
}

}  // namespace

void AddAuthWhoamiCommand(CLI::App& auth, Context& context) {
  auto* whoami = auth.add_subcommand("whoami", "show the AWS identity raycloud would use");
  whoami->callback([&context] { context.action = [&context] { return Whoami(context.options); }; });
}

}  // namespace raycloud::cli
