// The sign page: once the form is sent, the button says what is happening and cannot be pressed
// again while the signed documents are issued (a few seconds). Without JavaScript the form
// works as it is. An external module file, so a strict Content Security Policy needs nothing
// inline; no network requests of its own.
const form = document.querySelector('form[data-busy-text]')
if (form) {
  const button = form.querySelector('button[type="submit"]')
  const status = document.getElementById(form.dataset.busyStatus)
  form.addEventListener('submit', (event) => {
    if (form.dataset.busy) {
      event.preventDefault() // already sending
      return
    }
    form.dataset.busy = 'true'
    button.textContent = form.dataset.busyText
    button.setAttribute('aria-disabled', 'true')
    button.classList.add('govuk-button--disabled')
    form.setAttribute('aria-busy', 'true')
    if (status) status.textContent = form.dataset.busyText
    // Disabled after the browser has taken the submission, so the form is still sent.
    window.setTimeout(() => { button.disabled = true }, 0)
  })
}
