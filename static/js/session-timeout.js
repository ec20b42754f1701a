// Warns two minutes before the session ends, so typed work is not lost (issue 13, ADR 0067).
// A GOV.UK notification banner, fixed at the top, with "Stay signed in": it posts to the
// keep-alive URL, which renews the session. A file of our own ('self'): no nonce needed.
// Without JavaScript nothing shows, and a form posted to an ended session is kept on the server.
(function () {
  'use strict'
  var script = document.currentScript
  if (!script || !window.fetch) return
  var seconds = parseInt(script.getAttribute('data-session-seconds'), 10)
  var keepAliveUrl = script.getAttribute('data-keep-alive-url')
  var signInUrl = script.getAttribute('data-sign-in-url')
  var WARN_BEFORE = 120
  if (!seconds || seconds <= WARN_BEFORE) return

  var banner = null
  var warnTimer = null
  var endTimer = null

  function csrfToken () {
    var field = document.querySelector('input[name=csrfmiddlewaretoken]')
    return field ? field.value : script.getAttribute('data-csrf-token') || ''
  }

  function element (tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text) node.textContent = text
    return node
  }

  function showBanner (title, text, withButton) {
    hideBanner()
    banner = element('div', 'govuk-notification-banner app-session-warning')
    banner.setAttribute('role', 'alertdialog')
    banner.setAttribute('aria-labelledby', 'session-warning-title')
    banner.setAttribute('aria-describedby', 'session-warning-text')
    var header = element('div', 'govuk-notification-banner__header')
    var heading = element('h2', 'govuk-notification-banner__title', title)
    heading.id = 'session-warning-title'
    header.appendChild(heading)
    var content = element('div', 'govuk-notification-banner__content')
    var message = element('p', 'govuk-notification-banner__heading', text)
    message.id = 'session-warning-text'
    content.appendChild(message)
    if (withButton) {
      var stay = element('button', 'govuk-button', 'Stay signed in')
      stay.type = 'button'
      stay.setAttribute('data-module', 'govuk-button')
      stay.addEventListener('click', keepAlive)
      content.appendChild(stay)
    } else {
      var link = element('a', 'govuk-notification-banner__link', 'Sign in again')
      link.href = signInUrl
      var para = element('p', 'govuk-body')
      para.appendChild(link)
      content.appendChild(para)
    }
    banner.appendChild(header)
    banner.appendChild(content)
    document.body.appendChild(banner)
    var focusable = banner.querySelector('button, a')
    if (focusable) focusable.focus()
  }

  function hideBanner () {
    if (banner && banner.parentNode) banner.parentNode.removeChild(banner)
    banner = null
  }

  function schedule () {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    warnTimer = setTimeout(function () {
      showBanner(
        'Important',
        'You will be signed out in 2 minutes, and anything you have not saved would have to ' +
          'be typed again. Choose "Stay signed in" to carry on.',
        true
      )
    }, (seconds - WARN_BEFORE) * 1000)
    endTimer = setTimeout(function () {
      showBanner(
        'Important',
        'Your session has ended. What you send from this page is kept: you will be asked to ' +
          'sign in, and then it is put back in the form.',
        false
      )
    }, seconds * 1000)
  }

  function keepAlive () {
    fetch(keepAliveUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': csrfToken() },
      redirect: 'manual'
    }).then(function (response) {
      if (response.status === 204) {
        hideBanner()
        schedule()
      } else {
        showBanner('Important', 'Your session has already ended.', false)
      }
    }).catch(function () {
      showBanner('Important', 'The service could not be reached to keep you signed in.', true)
    })
  }

  schedule()
})()
