#include "cli/app.h"

int main(int argc, char** argv) { return raycloud::cli::Run(argc, argv); }
