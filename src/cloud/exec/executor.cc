#include "cloud/exec/executor.h"

#include <algorithm>

#include "aws/aws_error.h"
#include "common/log.h"
#include "common/strings.h"

namespace raycloud::cloud {

using json = nlohmann::json;

namespace {

constexpr int kCreateAttempts = 6;

// Replaces every {"ref": NAME} in `value` by NAME's physical id.
Status ReplaceRefs(json& value, const std::map<std::string, ResourceState>& known,
                   bool allow_missing) {
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("ref") && value["ref"].is_string()) {
      const std::string name = value["ref"].get<std::string>();
      auto it = known.find(name);
      if (it == known.end()) {
        if (allow_missing) {
          value = nullptr;
          return {};
        }
        return Fail(Error::Internal("resource " + name + " is needed but does not exist yet"));
      }
      value = it->second.physical_id;
      return {};
    }
    for (auto& [key, member] : value.items()) {
      if (auto ok = ReplaceRefs(member, known, allow_missing); !ok) return ok;
    }
  } else if (value.is_array()) {
    for (auto& element : value) {
      if (auto ok = ReplaceRefs(element, known, allow_missing); !ok) return ok;
    }
  }
  return {};
}

// Names the failing resource in the error, keeping the AWS details for JSON output.
Error ForResource(Error error, const ResourceSpec& spec, std::string_view action) {
  error.details["resource"] = spec.logical_name;
  error.details["kind"] = spec.kind;
  error.message = std::string(action) + " " + spec.logical_name + " (" + spec.kind +
                  ") failed: " + error.message;
  return error;
}

}  // namespace

Executor::Executor(const CloudPlan& plan, store::Store& store, ResourceContext& context,
                   ExecutorOptions options)
    : plan_(plan), store_(store), context_(context), options_(std::move(options)) {}

std::function<double(const std::string&)> Executor::NodeCost() const {
  // AWS's typical provisioning delay plus about a second of calls: under the cap, the
  // walker starts the longest remaining chain first (the same figures as the plan's
  // critical path; deleting the slow kinds is slow too).
  return [this](const std::string& name) {
    const ResourceSpec* spec = plan_.Find(name);
    return (spec ? ProvisioningDelaySeconds(spec->kind) : 0.0) + 1.0;
  };
}

double Executor::Elapsed() const {
  return std::chrono::duration<double>(context_.clock.Now() - started_).count();
}

void Executor::Emit(ProgressEvent::Phase phase, const ResourceSpec& spec, const std::string& id,
                    const std::string& message) {
  if (!options_.progress) return;
  options_.progress({phase, spec.logical_name, spec.kind, id, Elapsed(), message});
}

Result<ResolvedSpec> Executor::Resolve(const ResourceSpec& spec, bool allow_missing) {
  ResolvedSpec resolved{spec, spec.properties, context_.cloud_name + "-" + spec.logical_name};
  std::lock_guard lock(mutex_);
  if (auto ok = ReplaceRefs(resolved.properties, known_, allow_missing); !ok) {
    return Fail(ok.error());
  }
  return resolved;
}

Status Executor::Record(const ResourceSpec& spec, const ResourceState& state,
                        const std::string& status) {
  {
    std::lock_guard lock(mutex_);
    known_[spec.logical_name] = state;
  }
  return store_.PutResource({context_.identity.cloud_id, spec.logical_name, spec.kind,
                             state.physical_id, status, state.attributes, ""});
}

Result<ResourceState> Executor::CreateWithAdoption(ResourceHandler& handler,
                                                   const ResolvedSpec& resolved) {
  auto delay = context_.timing.first_retry_delay;
  Error last = Error::Internal("not attempted");
  for (int attempt = 1; attempt <= kCreateAttempts; ++attempt) {
    auto created = handler.Create(resolved, context_);
    if (created) return created;
    last = created.error();
    // A conflict means it exists already (an earlier attempt or run made it); an ambiguous
    // failure may have taken effect: look it up by tag or name before trying again.
    bool ambiguous =
        last.retryable() || last.kind == ErrorKind::kTimeout || last.kind == ErrorKind::kIo;
    if (!ambiguous && last.error_class != ErrorClass::kConflict) return Fail(last);
    auto found = handler.Find(resolved, context_);
    if (found && found->has_value()) return **found;
    if (!ambiguous) return Fail(last);
    context_.clock.SleepFor(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds(context_.timing.max_poll_interval));
  }
  return Fail(last);
}

Status Executor::SetupOne(const std::string& logical_name, ExecutionReport& report) {
  const ResourceSpec* spec = plan_.Find(logical_name);
  ResourceHandler* handler = FindHandler(spec->kind);
  if (handler == nullptr) return Fail(Error::Internal("no handler for kind " + spec->kind));
  auto resolved = Resolve(*spec, false);
  if (!resolved) return Fail(ForResource(resolved.error(), *spec, "create"));
  Emit(ProgressEvent::Phase::kStarted, *spec, "");

  std::optional<ResourceState> state;
  {
    std::lock_guard lock(mutex_);
    if (auto it = known_.find(logical_name);
        it != known_.end() && !it->second.physical_id.empty()) {
      state = it->second;
    }
  }
  if (!state) {
    auto found = handler->Find(*resolved, context_);
    if (!found) return Fail(ForResource(found.error(), *spec, "look up"));
    if (found->has_value()) {
      state = **found;
      Emit(ProgressEvent::Phase::kAdopted, *spec, state->physical_id);
    }
  }
  if (!state) {
    auto created = CreateWithAdoption(*handler, *resolved);
    if (!created) return Fail(ForResource(created.error(), *spec, "create"));
    state = *created;
    {
      std::lock_guard lock(mutex_);
      report.created.push_back(logical_name);
    }
    Emit(ProgressEvent::Phase::kCreated, *spec, state->physical_id);
  } else if (options_.reconcile.contains(logical_name)) {
    auto updated = handler->Reconcile(*resolved, *state, context_);
    if (!updated) return Fail(ForResource(updated.error(), *spec, "update"));
    state = *updated;
    {
      std::lock_guard lock(mutex_);
      report.updated.push_back(logical_name);
    }
    Emit(ProgressEvent::Phase::kUpdated, *spec, state->physical_id);
  }
  if (auto ok = Record(*spec, *state, "creating"); !ok) return ok;
  if (auto ok = handler->WaitReady(*resolved, *state, context_); !ok) {
    return Fail(ForResource(ok.error(), *spec, "wait for"));
  }
  if (auto ok = Record(*spec, *state, "created"); !ok) return ok;
  {
    std::lock_guard lock(mutex_);
    report.seconds[logical_name] = Elapsed();
  }
  Emit(ProgressEvent::Phase::kReady, *spec, state->physical_id);
  return {};
}

void Executor::LoadRecords(bool include_deleted) {
  auto records = store_.ListResources(context_.identity.cloud_id);
  if (!records) return;
  std::lock_guard lock(mutex_);
  for (const auto& record : *records) {
    if (!record.physical_id.empty() && (include_deleted || record.status != "deleted")) {
      known_[record.logical_name] = {record.physical_id, record.attributes};
    }
  }
}

ExecutionReport Executor::Setup() {
  started_ = context_.clock.Now();
  ExecutionReport report;
  LoadRecords(false);
  report.walk = Walk(plan_.dag, [&](const std::string& node) { return SetupOne(node, report); },
                     {.max_in_flight = options_.max_in_flight,
                      .cancelled = options_.cancelled,
                      .cost = NodeCost()});
  report.resources = known_;
  return report;
}

Error Executor::WithBlockers(Error error, ResourceHandler& handler, const ResourceState& state) {
  auto blockers = handler.Blockers(state, context_);
  if (!blockers || blockers->empty()) return error;
  const std::string list = strings::Join(*blockers, ", ");
  error.details["blockers"] = list;
  error.message += "; still in use by: " + list +
                   ". Remove what this cloud did not create, then run `raycloud cloud delete` "
                   "again";
  return error;
}

Status Executor::DeleteOne(const std::string& logical_name, ExecutionReport& report) {
  const ResourceSpec* spec = plan_.Find(logical_name);
  ResourceHandler* handler = FindHandler(spec->kind);
  if (handler == nullptr) return Fail(Error::Internal("no handler for kind " + spec->kind));
  std::optional<ResourceState> state;
  {
    std::lock_guard lock(mutex_);
    if (auto it = known_.find(logical_name); it != known_.end()) state = it->second;
  }
  if (!state) {
    // Not recorded: a crash may have come between AWS creating it and the record.
    auto resolved = Resolve(*spec, true);
    if (!resolved) return Fail(ForResource(resolved.error(), *spec, "delete"));
    auto found = handler->Find(*resolved, context_);
    if (!found) return Fail(ForResource(found.error(), *spec, "look up"));
    if (!found->has_value()) return {};
    state = **found;
  }
  Emit(ProgressEvent::Phase::kDeleting, *spec, state->physical_id);
  (void)store_.PutResource({context_.identity.cloud_id, spec->logical_name, spec->kind,
                            state->physical_id, "deleting", state->attributes, ""});
  const auto started = context_.clock.Now();
  const auto deadline = started + options_.delete_timeout;
  while (true) {
    auto deleted = handler->Delete(*state, context_);
    if (deleted) break;
    const Error& error = deleted.error();
    if (error.details.contains("retained")) {
      (void)store_.PutResource({context_.identity.cloud_id, spec->logical_name, spec->kind,
                                state->physical_id, "retained", state->attributes, ""});
      std::lock_guard lock(mutex_);
      report.retained.push_back(logical_name);
      Emit(ProgressEvent::Phase::kRetained, *spec, state->physical_id, error.message);
      return {};
    }
    // Dependants (ENIs of mount targets, NAT gateways, endpoint associations) drain on
    // AWS's side: wait them out, up to the delete timeout.
    const bool in_use = aws::IsInUseError(error);
    const auto now = context_.clock.Now();
    const auto delay = NextPollDelay(
        context_.timing, std::chrono::duration_cast<std::chrono::milliseconds>(now - started));
    if (!(in_use || error.retryable()) || now + delay > deadline) {
      return Fail(
          ForResource(in_use ? WithBlockers(error, *handler, *state) : error, *spec, "delete"));
    }
    context_.clock.SleepFor(delay);
  }
  (void)store_.DeleteResource(context_.identity.cloud_id, spec->logical_name);
  {
    std::lock_guard lock(mutex_);
    known_.erase(logical_name);
    report.seconds[logical_name] = Elapsed();
  }
  Emit(ProgressEvent::Phase::kDeleted, *spec, state->physical_id);
  return {};
}

ExecutionReport Executor::Delete() {
  started_ = context_.clock.Now();
  ExecutionReport report;
  LoadRecords(true);
  report.walk = Walk(plan_.dag, [&](const std::string& node) { return DeleteOne(node, report); },
                     {.max_in_flight = options_.max_in_flight,
                      .reverse = true,
                      .cancelled = options_.cancelled,
                      .continue_after_failure = true,
                      .cost = NodeCost()});
  report.resources = known_;
  return report;
}

Result<std::vector<std::string>> Executor::Drifted(const std::vector<std::string>& names) {
  LoadRecords(false);
  std::vector<std::string> drifted;
  for (const auto& spec : plan_.resources) {
    if (std::find(names.begin(), names.end(), spec.logical_name) == names.end()) continue;
    std::optional<ResourceState> state;
    {
      std::lock_guard lock(mutex_);
      if (auto it = known_.find(spec.logical_name); it != known_.end()) state = it->second;
    }
    ResourceHandler* handler = FindHandler(spec.kind);
    if (!state || handler == nullptr) continue;
    auto resolved = Resolve(spec, true);
    if (!resolved) return Fail(ForResource(resolved.error(), spec, "compare"));
    auto in_sync = handler->InSync(*resolved, *state, context_);
    if (!in_sync) return Fail(ForResource(in_sync.error(), spec, "compare"));
    if (!*in_sync) drifted.push_back(spec.logical_name);
  }
  return drifted;
}

}  // namespace raycloud::cloud
