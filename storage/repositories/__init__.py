"""Repositories: one per feature, each given the unit of work's session; none of them commits."""
