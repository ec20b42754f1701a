"""Budget pages (finance and readers): budgets and lines, files, variations, programmes."""
