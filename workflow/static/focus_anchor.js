// A link to one field of the form (the summary's „Ändern“) puts the cursor in that field, not only the page at it.
(() => {
  const target = decodeURIComponent(window.location.hash.slice(1));
  const field = target && document.getElementById(target);
  if (field && field.matches("input, select, textarea")) {
    field.focus();
  }
})();
