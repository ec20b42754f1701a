// Load synchronously as the first element in <body> (no defer/async), so the
// classes are set before GOV.UK Frontend styles render. Kept external so a
// strict Content Security Policy needs no 'unsafe-inline' or nonce.
document.body.className +=
  ' js-enabled' +
  ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
