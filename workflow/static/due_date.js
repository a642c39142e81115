// „Frist in Tagen“: the period's last day, shown as one types. The dates come from the server, which knows
// the weekends and holidays that move a period's end (§ 31 LVwVfG); this only picks the one for the number typed.
document.querySelectorAll("[data-due-dates]").forEach((output) => {
  const dates = JSON.parse(output.dataset.dueDates);
  const input = document.getElementById(output.dataset.for);
  const empty = output.dataset.empty;
  input.addEventListener("input", () => {
    const days = input.value.trim();
    const due = /^\d+$/.test(days) ? dates[String(Number(days))] : undefined;
    if (!due) {
      output.textContent = empty;
      return;
    }
    const date = document.createElement("strong");
    date.textContent = due;
    output.replaceChildren("Die Frist endet am ", date, ".");
  });
});
