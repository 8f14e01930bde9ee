"""Lesson 05's optimizer playground, as a student meets it in JupyterLab: after "Run All
Cells" on the instructor notebook, a key press on the learning-rate slider and a change of
surface each redraw the trajectories. Collected only once solutions/05_*/ exists."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"
LESSON = next((d.name for d in sorted(SOLUTIONS.glob("05_*"))
               if (d / f"{d.name}.ipynb").is_file()), None)

LR_LABEL = r"^lr \(SGD"          # OptimizerPlayground.lr: "lr (SGD family)"
SURFACE_LABEL = r"^surface$"     # OptimizerPlayground.surface


def check_playground(lab, shot_prefix="playground"):
    """Drive the playground found in the page; returns key-press-to-plot times (ms)."""
    box = lab.output_with(LR_LABEL)
    image = lab.image(box)
    lr = lab.widget("widget-slider", LR_LABEL, box)
    surface = lab.widget("widget-dropdown", SURFACE_LABEL, box)
    assert image.get_attribute("src"), "the playground shows no plot"
    lab.shot(f"{shot_prefix}-after-run-all", box)

    # learning rate: one key press on the slider handle -> new value, new trajectories
    lr_before, src_before = lab.slider_readout(lr), image.get_attribute("src")
    lab.press_on_slider(lr, "ArrowRight", image)
    assert lab.slider_readout(lr) != lr_before
    assert image.get_attribute("src") != src_before
    lab.shot(f"{shot_prefix}-lr-up", box)

    # surface: choose another one -> new contour and trajectories
    labels, current = lab.options(surface)
    assert len(labels) >= 2, f"surface dropdown offers {labels}"
    for other in [o for o in labels if o != current]:
        before = image.get_attribute("src")
        assert lab.select(surface, other, image) != before
        assert lab.options(surface)[1] == other
        lab.shot(f"{shot_prefix}-surface-{re.sub(r'[^a-z0-9]+', '-', other.lower())}", box)

    times = lab.key_to_plot_ms(lr, image, n=10)
    errors = lab.errors()
    assert not errors, errors
    return times


if LESSON:
    def test_optimizer_playground_responds(lab, ran_lesson):
        lab = ran_lesson(LESSON)
        first = lab.ms_to_first_load(lab.image(lab.output_with(LR_LABEL)))
        assert first is not None, "the playground's plot never loaded after Run All Cells"
        times = check_playground(lab)
        lab.record(f"solutions/{LESSON}: run all -> first playground plot {first:.0f} ms; "
                   f"lr key press -> new plot {lab.summary_ms(times)}")
