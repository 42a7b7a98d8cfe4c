"use strict";
// Node entry (CommonJS): the wasm is loaded synchronously on require.
const core = require("./node/edgeguard.js");
const { install } = require("./extras.cjs");

Object.assign(core, install(core));
module.exports = core;
