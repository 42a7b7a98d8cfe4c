// Node entry (ES module): the same instance as require("edgeguard").
import core from "./index.cjs";

export const {
  Redactor,
  Scrubber,
  maskApiKey,
  sanitizeLogMessage,
  maskSensitiveData,
  maskSensitiveJson,
  findSecrets,
  isSensitiveKey,
  rules,
  evaluateHealth,
} = core;
export default core;
