"""backprop_reference: the reference implementation of every graded function (instructor-only).

The grader (`solutions/NN_name/grading.py`), the instructor notebooks, `tests/package` and
the lesson tests import it; students never get it. The student edition is the package
`backprop` (checking, data, plotting, the explorers, the self-check and the tools later
lessons call); `python -m autograder bundle` ships that one only, and the grading sandbox
mounts that one only. docs/STUDENT-EDITION.md says what lives where.

    autodiff                   lesson 01: the scalar engine `Value` (students write `Node`)
    gradcheck, jacobians       lesson 02 and 03: finite differences, Jacobians, VJPs
    losses                     lesson 03: softmax cross-entropy (mse_loss re-exported)
    init, variance             lesson 04: initializers and variance propagation
    optim, schedules           lesson 05: update rules, optimizer objects, step decay
    manual, batchnorm          lesson 06: broadcast and index backward, every tensor of the
                               lesson's network, batch normalization
"""
