-- Auto-merge of a proposal after a delay with no rejection, per automation (off while auto_merge_after is
-- null), and when a proposal's current change (its diff digest) was first recorded: the delay counts from
-- there, so a changed diff starts it again.
ALTER TABLE "image_update_automations" ADD COLUMN "auto_merge_after" TEXT;
ALTER TABLE "image_update_automations" ADD COLUMN "auto_merge_requires_approval" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "update_proposals" ADD COLUMN "diff_since" TIMESTAMPTZ(3) NOT NULL DEFAULT now();
