-- One vocabulary (src/core/vocabulary.ts): a sampled reparation order used to be stored as `other-court`.
-- Recode the cases whose own population row says "Reparation order" (no guessing: other `other-court` cases,
-- recorded by hand, keep their code), each with a history entry. Published inspections are left as printed.
WITH recoded AS (
  UPDATE cases c SET disposal_type = 'reparation-order', version = c.version + 1
    FROM sampling_selection s, sampling_population p, inspections i
   WHERE s.case_id = c.id
     AND p.plan_id = s.plan_id AND p.ref = s.ref
     AND i.id = c.inspection_id AND i.phase <> 'published'
     AND c.disposal_type = 'other-court'
     AND p.disposal_type = 'Reparation order'
  RETURNING c.id, c.inspection_id
)
INSERT INTO history (actor_id, inspection_id, case_id, entity, entity_id, action, before, after, reason)
SELECT NULL, inspection_id, id, 'case', id, 'update',
       jsonb_build_object('disposalType', 'other-court'), jsonb_build_object('disposalType', 'reparation-order'),
       'The case''s population row says Reparation order, which was stored as other-court before the one vocabulary (migration 0710)'
  FROM recoded;
