"""Lesson 04's initialization explorer, as a student meets it in JupyterLab: after "Run All
Cells" on the instructor notebook, the keyboard on the depth, width and gain slider handles
and a change in the activation and init dropdowns each redraw the plot, and the verdict
reads vanishing -> stable -> exploding as the gain goes from its lowest value through 1 to
its highest (linear activation, Xavier normal init, where the theory is exact). Collected
only once solutions/04_*/ exists."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"
LESSON = next((d.name for d in sorted(SOLUTIONS.glob("04_*"))
               if (d / f"{d.name}.ipynb").is_file()), None)

# Descriptions of InitExplorer's controls (source/backprop/explorers/init_explorer.py).
DEPTH, WIDTH, GAIN = r"^depth$", r"^width$", r"^gain$"
ACTIVATION, SCHEME = r"^activation$", r"^init$"
VERDICT_WORD = re.compile(r"vanishing|stable|exploding", re.I)


def verdict_word(text: str) -> str:
    """The verdict's headline word: the first of vanishing / stable / exploding in it."""
    match = VERDICT_WORD.search(text)
    assert match, f"no verdict in {text!r}"
    return match.group(0).lower()


def check_init_explorer(lab, shot_prefix="init-explorer"):
    """Drive the first initialization explorer in the page; returns key-press-to-plot
    times (ms) on the gain slider."""
    box = lab.output_with(GAIN)
    image = lab.image(box)
    assert image.get_attribute("src"), "the explorer shows no plot"
    depth, width, gain = (lab.widget("widget-slider", d, box) for d in (DEPTH, WIDTH, GAIN))
    activation, scheme = (lab.widget("widget-dropdown", d, box) for d in (ACTIVATION, SCHEME))
    verdict = box.locator(".widget-html-content").filter(has_text=VERDICT_WORD).first
    lab.shot(f"{shot_prefix}-after-run-all", box)

    # keyboard on slider handles: each press changes the control's value and the plot
    for slider, key, name in ((depth, "ArrowRight", "depth"), (width, "ArrowLeft", "width"),
                              (gain, "ArrowRight", "gain")):
        before, src = lab.slider_readout(slider), image.get_attribute("src")
        lab.press_on_slider(slider, key, image)
        assert lab.slider_readout(slider) != before, f"{name} did not move"
        assert image.get_attribute("src") != src
        lab.shot(f"{shot_prefix}-{name}-{key}", box)

    # dropdowns: each change redraws the plot
    labels, current = lab.options(activation)
    assert "linear" in labels, labels
    for option in ([o for o in labels if o not in (current, "linear")][:1] + ["linear"]):
        if option != lab.options(activation)[1]:
            before = image.get_attribute("src")
            assert lab.select(activation, option, image) != before
            lab.shot(f"{shot_prefix}-activation-{option}", box)
    labels, current = lab.options(scheme)
    xavier = next(o for o in labels if o.lower().startswith("xavier normal"))
    for option in ([o for o in labels if o not in (current, xavier)][:1] + [xavier]):
        if option != lab.options(scheme)[1]:
            before = image.get_attribute("src")
            assert lab.select(scheme, option, image) != before
            lab.shot(f"{shot_prefix}-init-{re.sub(r'[^a-z0-9]+', '-', option.lower())}", box)

    # the verdict follows the gain from low to high
    words = []
    lab.press_on_slider(gain, "Home", image)                   # lowest gain (0.1)
    words.append((lab.slider_readout(gain), verdict_word(verdict.inner_text())))
    lab.shot(f"{shot_prefix}-gain-lowest", box)
    src = image.get_attribute("src")
    lab.set_readout(gain, "1")                                 # typed into the readout
    lab.wait_image_change(image, src)
    words.append((lab.slider_readout(gain), verdict_word(verdict.inner_text())))
    lab.shot(f"{shot_prefix}-gain-1", box)
    lab.press_on_slider(gain, "End", image)                    # highest gain (10)
    words.append((lab.slider_readout(gain), verdict_word(verdict.inner_text())))
    lab.shot(f"{shot_prefix}-gain-highest", box)
    assert [w for _, w in words] == ["vanishing", "stable", "exploding"], words
    assert [float(g) for g, _ in words] == pytest.approx([0.1, 1.0, 10.0], rel=0.01), words

    # back to a stable setting, then time ten key presses on the gain slider
    lab.set_readout(gain, "1")
    lab.page.wait_for_function("el => /stable/i.test(el.innerText)", arg=verdict.element_handle())
    times = lab.key_to_plot_ms(gain, image, n=10)
    errors = lab.errors()
    assert not errors, errors
    return times


if LESSON:
    def test_init_explorer_responds_and_verdict_follows_gain(lab, ran_lesson):
        lab = ran_lesson(LESSON)
        first = lab.ms_to_first_load(lab.image(lab.output_with(GAIN)))
        assert first is not None, "the explorer's plot never loaded after Run All Cells"
        times = check_init_explorer(lab)
        lab.record(f"solutions/{LESSON}: run all -> first explorer plot {first:.0f} ms; "
                   f"gain key press -> new plot {lab.summary_ms(times)}")
