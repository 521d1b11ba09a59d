-- The local Apple sources know a message's bubbles in body order with Apple's part indices and formatting
-- (BodyLayout, JSON), and which part of its target a reply or tapback is aimed at. Both are NULL on the CloudKit path.
ALTER TABLE cloud_message ADD COLUMN target_part TEXT;
ALTER TABLE cloud_message ADD COLUMN layout_json TEXT;
