"""backprop: the course package students get (the student edition).

What is here helps you do the exercises; it does not do them. Import the module you need,
e.g. ``from backprop.checking import check_close``. Nothing heavy is imported here.

    checking, draws            the feedback every test cell prints
    activations                elementwise functions g and g', the activation registry
    layers, mlp, losses        network objects (Linear, MLP) and mse_loss: tools lessons 04
                               and 05 train with (lesson 03 asks you to write them yourself)
    graphviz                   draw the expression graph of your lesson 01 `Node`s
    data, plotting, surfaces   data sets, figure helpers, the test surfaces of lesson 05
    digits                     the 8x8 handwritten digits of lesson 06 (UCI optdigits, CC BY 4.0)
    explorers                  the ipywidgets explorers of lessons 04 and 05
    selfcheck                  `python -m backprop.selfcheck NOTEBOOK` before you submit

The functions the lessons ask you to write are not in this package: you write them in the
notebooks. (The instructors' reference implementation is a separate package that students
never get; docs/STUDENT-EDITION.md in the course repository lists what lives where.)

Activations are chosen by name everywhere ("relu", "sigmoid", "tanh", "identity", alias
"linear"); the one list of names, with each g and g', is `activations.get_activation`.
Dtypes: float32 and float64 both work, and an array of one dtype in gives that dtype out.
"""

__version__ = "0.1.0"
