"""Hostile submissions for tests/pipeline/test_hostile.py (see attacks.py)."""
