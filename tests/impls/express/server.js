// Express on Node, the usual way: one GET route, Express's own 404 page for anything else
// (including methods the spec does not declare). Usage: PORT=8000 node server.js
"use strict";
const express = require("express");

const TOKEN = "impl-token";
const HASH = /^[0-9a-fA-F]{16,128}$/;
const MEETINGS = {
  "0123456789abcdef0123456789abcdef": [
    ["5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a001", 61.5],
    ["5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a002", 38.5],
  ],
  fedcba9876543210: [
    ["5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a003", 33.33],
    ["5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a004", 33.33],
    ["5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a005", 33.33],
  ],
  "00000000000000000000000000000000": [],
};

const app = express();

app.get("/speakers-balance", (req, res) => {
  const [scheme, token] = (req.get("Authorization") || "").split(" ", 2);
  if ((scheme || "").toLowerCase() !== "bearer" || token !== TOKEN) {
    res.set("WWW-Authenticate", 'Bearer realm="meetra"');
    return res.status(401).json({ message: "Unauthorized: send a valid bearer token" });
  }
  const hash = req.query["file-hash"];
  if (typeof hash !== "string" || !HASH.test(hash)) {
    return res
      .status(400)
      .json({ message: "Bad request: file-hash must be 16 to 128 hexadecimal characters, once" });
  }
  const shares = Object.prototype.hasOwnProperty.call(MEETINGS, hash) ? MEETINGS[hash] : null;
  if (shares === null) {
    return res.status(404).json({ message: "Meeting not found" });
  }
  res.json({ speakers: shares.map(([id, share]) => ({ id, meeting_speaking_percentage: share })) });
});

const server = app.listen(Number(process.env.PORT || 8000), "127.0.0.1", () => {
  console.log("READY");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
