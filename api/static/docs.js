// /docs: start Swagger UI (served from /docs-assets) over the OpenAPI document named on the page.
"use strict";
(function () {
  const box = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: box.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
})();
