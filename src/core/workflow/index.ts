/** The inspection's workflow: phases, case states, who may move them and what must be true first. */
export * from './machine.js';
export * from './guards.js';
