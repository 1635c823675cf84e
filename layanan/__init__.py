"""The app's own infrastructure, shared by the three channels (web/, ussd/, sms/).

The factory that registers them, configuration, the unit of work of each
request or command, the gateways' callback check, the domain-error table,
the `layanan` command and the server. Channels import from here, never from
each other.
"""
