// The proposal's amounts while the reviewer decides: the form goes to the server as „Berechnen“ (nothing is saved)
// and the amounts it computed by the programme's rule replace the ones shown, so no rule is copied here.
document.querySelectorAll("form").forEach((form) => {
  const calculate = form.querySelector("button[name=berechnen]");
  if (!calculate) return;
  let timer;
  const refresh = async () => {
    const data = new FormData(form);
    data.set("berechnen", "1");
    const response = await fetch(form.action || window.location.href, { method: "POST", body: data });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    page.querySelectorAll("[data-live]").forEach((fresh) => {
      const shown = document.getElementById(fresh.id);
      if (shown) shown.replaceChildren(...fresh.childNodes);
    });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  };
  form.addEventListener("change", later);
  form.addEventListener("input", later);
});
