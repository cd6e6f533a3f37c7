// cdktf's jest matchers (toHaveResourceWithProperties, toHaveProviderWithProperties, ...).
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();
