#pragma once

// Looks up an embedded operation for the protocol tests.

#include <gtest/gtest.h>

#include <memory>

#include "aws/protocol/service_model.h"

namespace raycloud::aws::testing {

struct ModelOperation {
  std::shared_ptr<const ServiceModel> model;
  const Operation* op = nullptr;
};

/// The embedded model's operation; a test failure when the service or operation is absent.
inline ModelOperation FindModelOperation(const char* service, const char* operation) {
  auto model = ServiceModel::Embedded(service);
  EXPECT_TRUE(model) << service;
  if (!model) return {};
  const Operation* op = (*model)->FindOperation(operation);
  EXPECT_NE(op, nullptr) << operation;
  return {*model, op};
}

}  // namespace raycloud::aws::testing
