#pragma once

#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/http/http_transport.h"
#include "aws/protocol/service_model.h"
#include "common/error.h"

// Parsing AWS responses with the service model. Output conventions (every protocol):
//  - keys are the output shape's member names, nested likewise; absent members are absent;
//  - timestamps are ISO-8601 UTC strings ("2014-04-29T18:30:38Z", milliseconds only when
//    non-zero) whatever the wire format was; ParseTimestamp() turns them back into epoch;
//  - blobs are base64 strings, except a streaming payload (S3 GetObject Body), which is
//    the raw body bytes;
//  - floats that are not finite are the strings "NaN", "Infinity", "-Infinity";
//  - a prefix-headers map (S3 Metadata) is always present, possibly empty.
namespace raycloud::aws {

/// Parses a successful (2xx) response into the operation's output. A body that does not
/// parse (malformed or truncated XML/JSON, a value of the wrong type) is an Error of kind
/// kAws naming the operation, never a crash.
Result<nlohmann::json> ParseResponse(const ServiceModel& model, const Operation& operation,
                                     const HttpResponse& response);

/// An AWS error answer with the members its modeled error shape carries (if any).
struct ParsedError {
  AwsError error;
  nlohmann::json fields = nlohmann::json::object();  // modeled members by member name
};

/// Parses an error answer of any protocol: EC2 <Response><Errors><Error>, query
/// <ErrorResponse><Error>, rest-xml <Error>, JSON __type/code ("ns#Code", "Code:uri"),
/// the x-amzn-errortype header, and the request id from x-amzn-RequestId /
/// x-amz-request-id / the body. An HTML page, an empty or truncated body still gives an
/// AwsError with the HTTP status (code "" when no code could be read). `service` and
/// `operation` are filled from the model.
ParsedError ParseErrorDetails(const ServiceModel& model, const Operation& operation,
                              const HttpResponse& response);

/// ParseErrorDetails without the modeled members.
AwsError ParseErrorResponse(const ServiceModel& model, const Operation& operation,
                            const HttpResponse& response);

}  // namespace raycloud::aws
