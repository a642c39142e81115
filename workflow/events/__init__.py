"""Systems learn by events: the typed event of every step (an outbox written in the step's transaction), the feed
that lists them, and the signed webhooks that deliver them (Standard Webhooks), at least once."""
