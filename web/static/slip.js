// The receipt slip's "Cetak" button: the browser's print dialog (no inline script, CSP).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-slip");
  if (button) {
    button.addEventListener("click", function () { window.print(); });
  }
});
