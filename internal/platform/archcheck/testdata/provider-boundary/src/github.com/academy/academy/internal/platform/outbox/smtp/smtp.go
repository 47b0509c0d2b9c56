package smtp

import _ "net/smtp"
