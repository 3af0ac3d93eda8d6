// The source view: bring the highlighted span into the middle of the screen.
addEventListener("load", () => setTimeout(() => document.getElementById("focus")?.scrollIntoView({ block: "center" }), 0));
