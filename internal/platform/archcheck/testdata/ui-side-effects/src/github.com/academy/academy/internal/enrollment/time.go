package enrollment

import "time"

var noTime time.Time
