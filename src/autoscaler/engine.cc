#include "autoscaler/engine.h"

#include "autoscaler/planner.h"

namespace raycloud::autoscaler {

Decision Decide(const AutoscalerInput& input) { return internal::Planner(input).Run(); }

}  // namespace raycloud::autoscaler
