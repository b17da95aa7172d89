/** Case audits: a service's own reviews of cases against a framework, compared over time. */
export { auditTrend, changeWords, type AuditFigures, type AuditTrend, type KeyQuestionTrend, type TrendPoint } from './trend.js';
