/* Material 9.8's inline content script (partials/javascripts/content.html): open the tab a link points to. */
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
