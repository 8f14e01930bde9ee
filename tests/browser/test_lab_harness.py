"""The harness itself, on a small notebook made here: a slider, a log slider and a dropdown
drive a matplotlib plot in an ipywidgets.Image and a verdict label, like the course's
explorers. This runs even before any lesson exists, so a broken browser set-up shows up
here first, and it separates "the machinery fails" from "a lesson fails"."""

import nbformat
import pytest

pytestmark = pytest.mark.browser

SETUP = '''\
import io
import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

fig = Figure(figsize=(4, 2.5), dpi=80)
ax = fig.add_subplot()
x = np.linspace(0, 1, 200)
(line,) = ax.plot(x, x)
ax.set_ylim(-3, 3)
fig.draw_without_rendering()
fig.set_layout_engine("none")

freq = widgets.IntSlider(value=1, min=1, max=20, description="frequency")
gain = widgets.FloatLogSlider(value=1.0, base=10, min=-2, max=2, step=0.1, description="gain")
shape = widgets.Dropdown(options=["sine", "square"], value="sine", description="shape")
image = widgets.Image(format="png")
verdict = widgets.Label()

def redraw(_=None):
    y = np.sin(2 * np.pi * freq.value * x)
    if shape.value == "square":
        y = np.sign(y)
    line.set_ydata(gain.value * y)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    image.value = buffer.getvalue()
    g = gain.value
    verdict.value = "verdict: " + ("vanishing" if g < 0.5 else "exploding" if g > 2 else "stable")

for control in (freq, gain, shape):
    control.observe(redraw, names="value")
redraw()
'''

SHOW = "widgets.VBox([freq, gain, shape, image, verdict])"


@pytest.fixture
def toy_notebook(lab):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Harness check"),
                nbformat.v4.new_code_cell(SETUP),
                nbformat.v4.new_code_cell(SHOW)]
    return lab.put_notebook("toy/toy.ipynb", nb)


def test_toy_explorer_in_jupyterlab(lab, toy_notebook):
    lab.open(toy_notebook)
    lab.shot("opened")
    lab.run_all()
    assert lab.errors() == []
    box = lab.output_with("^frequency$")
    image = lab.image(box)
    assert lab.panel.locator("img.widget-image").count() == 1
    freq = lab.widget("widget-slider", "^frequency$", box)
    gain = lab.widget("widget-slider", "^gain$", box)
    shape = lab.widget("widget-dropdown", "^shape$", box)
    lab.shot("explorer-after-run-all", image)

    # keyboard on the slider handle changes the value and the plot
    before = lab.slider_readout(freq)
    lab.press_on_slider(freq, "ArrowRight", image)
    assert lab.slider_readout(freq) != before
    lab.shot("after-arrow-right", image)

    # dropdown changes the plot
    labels, current = lab.options(shape)
    assert (labels, current) == (["sine", "square"], "sine")
    old = image.get_attribute("src")
    assert lab.select(shape, "square", image) != old

    # verdict follows the gain, from low to high
    verdict = box.locator(".widget-label", has_text="verdict:")
    lab.press_on_slider(gain, "Home", image)
    assert "vanishing" in verdict.inner_text()
    lab.set_readout(gain, "1")
    lab.page.wait_for_function("() => document.body.innerText.includes('verdict: stable')")
    assert lab.slider_readout(gain) == "1.00"
    lab.press_on_slider(gain, "End", image)
    assert "exploding" in verdict.inner_text()
    lab.shot("exploding", image)

    times = lab.key_to_plot_ms(freq, image, n=10)
    assert len(times) == 10 and all(t > 0 for t in times)
    lab.record("harness notebook: key press -> new plot " + lab.summary_ms(times))
    assert lab.errors() == []
