"""Fixtures for the pipeline tests: the sample course and a scratch area per session."""

import os
from pathlib import Path

import pytest

from autograder.paths import Course
from support.notebooks import SAMPLE_COURSE


@pytest.fixture(scope="session")
def sample_course() -> Course:
    return Course.at(SAMPLE_COURSE)


@pytest.fixture(scope="session")
def scratch(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pipeline")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    return path
