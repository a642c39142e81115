"""Long jobs people order and fetch later: their progress, the runner, and the kinds of job."""
