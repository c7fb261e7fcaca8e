// The supervision view: Telegram opens /app#tgWebAppData=<initData>; every data call carries it.
"use strict";
(function () {
  const status = document.getElementById("status");
  const table = document.getElementById("overdue");
  const csv = document.getElementById("csv");
  const params = new URLSearchParams(location.hash.slice(1));
  const initData = params.get("tgWebAppData") || "";
  const cardNames = {};
  document.getElementById("card-names").content.querySelectorAll("span").forEach(function (s) {
    cardNames[s.dataset.level] = s.textContent;
  });
  if (!initData) { return; }
  const headers = { Authorization: "tma " + initData };
  status.textContent = status.dataset.loading;
  fetch("/app/api/overdue", { headers: headers }).then(function (response) {
    if (response.status === 401) { throw new Error("denied"); }
    return response.json();
  }).then(function (data) {
    const body = table.querySelector("tbody");
    data.items.forEach(function (item) {
      const row = document.createElement("tr");
      [String(item.number), item.department_name, cardNames[item.card] || "", String(item.days), item.act]
        .forEach(function (value) {
          const cell = document.createElement("td");
          cell.textContent = value;
          row.appendChild(cell);
        });
      body.appendChild(row);
    });
    status.textContent = data.items.length ? "" : status.dataset.empty;
    table.hidden = !data.items.length;
    csv.hidden = !data.items.length;
  }).catch(function () {
    status.textContent = status.dataset.denied;
  });
  csv.addEventListener("click", function () {
    fetch("/app/api/overdue.csv", { headers: headers }).then(function (r) { return r.blob(); }).then(function (blob) {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "overdue.csv";
      link.click();
    });
  });
})();
