-- Roles are the policy table's (src/core/policy.ts): the application checks them, so adding a role needs no
-- migration.
ALTER TABLE inspection_roles DROP CONSTRAINT IF EXISTS inspection_roles_role_check;
