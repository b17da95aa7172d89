// GOV.UK Frontend and MoJ Frontend ship JavaScript without type declarations; we only call initAll.
declare module 'govuk-frontend' {
  export function initAll(config?: Record<string, unknown>): void;
}
declare module '@ministryofjustice/frontend' {
  export function initAll(config?: Record<string, unknown>): void;
}
