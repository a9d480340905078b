// Hangfire 1.8's layout has no landmarks and an unnamed menu button (axe: region, button-name). Its pages are written
// by Hangfire, so the roles are added once the layout is parsed (the dashboard's scripts run at the end of <body>).
(function () {
  'use strict';
  var navbar = document.querySelector('.navbar');
  if (navbar && !navbar.hasAttribute('role')) navbar.setAttribute('role', 'navigation');
  var footer = document.getElementById('footer');
  if (footer && !footer.hasAttribute('role')) footer.setAttribute('role', 'contentinfo');
  var content = document.querySelector('.js-page-container');
  if (content && !document.querySelector('main, [role="main"]')) content.setAttribute('role', 'main');
  var toggle = document.querySelector('.navbar-toggle');
  if (toggle && !toggle.hasAttribute('aria-label')) toggle.setAttribute('aria-label', 'Menu');
})();
