'use strict';
// Preloaded into the action under test (NODE_OPTIONS=--require): any connection to a host other
// than 127.0.0.1 throws, so a test that passes proves the action reached nothing else.
const net = require('node:net');
const dns = require('node:dns');

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guarded(...args) {
  // net.connect() hands the socket its arguments normalised, as [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  const host = options.host || 'localhost';
  if (options.path === undefined && host !== '127.0.0.1') {
    throw new Error(`loopback-only: a connection to ${host} was attempted`);
  }
  return connect.apply(this, args);
};
dns.lookup = function refused(hostname) {
  throw new Error(`loopback-only: a name lookup of ${hostname} was attempted`);
};
