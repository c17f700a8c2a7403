# Placeholder until the model generator lands: an empty models library.
add_library(raycloud_aws_models INTERFACE)
