// Budget grid: after htmx swaps in a new grid, start the GOV.UK components inside it, so an
// error summary takes focus (as it does on a full page load) and buttons guard double clicks.
// An external module file, so a strict Content Security Policy needs nothing inline.
import { Button, ErrorSummary, createAll } from '../govuk/govuk-frontend.min.js'

document.body.addEventListener('htmx:afterSettle', () => {
  const grid = document.getElementById('budget-grid')
  if (!grid) return
  createAll(Button, undefined, grid)
  createAll(ErrorSummary, undefined, grid)
})
