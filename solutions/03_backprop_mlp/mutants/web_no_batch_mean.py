# mutant: the predicted Delta2 = 2 (Y_hat - Y) without the 1/B
# replaces: worked_example_by_hand
# must lose: test_worked_example_by_hand
def worked_example_by_hand():
    D2 = np.array([[-2.0], [1.0], [-1.0]])
    A1 = np.array([[1.5, 1], [0, 0], [0.5, 1]])
    D1 = (D2 @ np.array([[1.0, -2.0]])) * np.array([[1, 1], [0, 0], [1, 1]])
    X = np.array([[1.0, 0], [0, 1], [1, 1]])
    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)
