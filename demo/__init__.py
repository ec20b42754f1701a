"""The demo data: PCD 545 and PCD 867 with their grant, budgets and one user per role."""
