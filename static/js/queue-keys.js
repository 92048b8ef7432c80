// Keyboard shortcuts in the moderators' queue: j and k move between stories, a approves
// (in the low-risk lane: ticks the story to publish and moves on), r rejects, o opens the
// story, p publishes the ticked stories. Progressive enhancement: without JavaScript every
// action is a link, a checkbox or a button, and this script only adds keys to them. Keys are
// ignored while typing in a field or with Ctrl, Alt or Cmd held.
(function () {
  "use strict";
  var queue = document.querySelector("[data-keyboard-queue]");
  if (!queue) { return; }
  var items = Array.prototype.slice.call(queue.querySelectorAll("[data-queue-item]"));
  if (!items.length) { return; }
  var help = document.querySelector("[data-keyboard-help]");
  if (help) { help.hidden = false; }
  var current = -1;

  function focus(index) {
    if (index < 0 || index >= items.length) { return; }
    if (current >= 0) { items[current].classList.remove("queue-item--current"); }
    current = index;
    items[current].classList.add("queue-item--current");
    items[current].focus();
    items[current].scrollIntoView({block: "start"});
  }
  function within(selector) {
    return current >= 0 ? items[current].querySelector(selector) : null;
  }
  function typing(target) {
    var name = target && target.tagName;
    return name === "INPUT" && target.type !== "checkbox" && target.type !== "radio" ||
      name === "TEXTAREA" || name === "SELECT" || (target && target.isContentEditable);
  }
  items.forEach(function (item, index) {
    item.addEventListener("focusin", function () {
      if (current !== index) {
        if (current >= 0) { items[current].classList.remove("queue-item--current"); }
        current = index;
        item.classList.add("queue-item--current");
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) { return; }
    var key = event.key;
    if (key === "j") {
      focus(current + 1);
    } else if (key === "k") {
      focus(Math.max(current - 1, 0));
    } else if (key === "a") {
      var approve = within("[data-key-approve]");
      if (!approve) { return; }
      if (approve.type === "checkbox") {
        approve.checked = !approve.checked;
        focus(current + 1);
      } else {
        approve.click();
      }
    } else if (key === "r") {
      var reject = within("[data-key-reject]");
      if (!reject) { return; }
      if (reject.tagName === "DETAILS") {
        reject.open = true;
        var first = reject.querySelector("select, textarea, input");
        if (first) { first.focus(); }
      } else {
        reject.click();
      }
    } else if (key === "o") {
      var open = within("[data-key-open]");
      if (open) { open.click(); }
    } else if (key === "p") {
      var submit = queue.querySelector("[data-key-submit]");
      if (submit) { submit.click(); }
    } else {
      return;
    }
    event.preventDefault();
  });
}());
