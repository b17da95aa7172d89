/** The framework definitions the report prints (standard statements, key question and prompt wording). */
import { getFramework } from '../core/framework/index.js';
import type { Framework, FrameworkVersion } from '../core/framework/types.js';

export function defaultFramework(version: FrameworkVersion): Framework {
  return getFramework(version);
}
