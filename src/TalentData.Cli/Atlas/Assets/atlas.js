// Progressive enhancement only: a changed choice submits the form; without JavaScript the button does it.
document.querySelectorAll('form.choices select').forEach(function (s) {
  s.addEventListener('change', function () { s.form.submit(); });
});
